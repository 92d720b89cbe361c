"""Getting real data into minibatches."""
from mxnet import np


def check_data(data, example_shape, batch_size):
    """Raise a one-line ValueError unless `data` holds at least one minibatch
    of examples of `example_shape` (the shape the generator makes)."""
    if not hasattr(data, 'shape'):
        raise ValueError(f'real data must be one array of shape (num_examples, '
                         f'{", ".join(map(str, example_shape))}), not a '
                         f'{type(data).__name__}')
    shape = tuple(data.shape)
    if len(shape) < 1 or shape[1:] != tuple(example_shape):
        raise ValueError(f'real data has shape {shape}, but the generator '
                         f'makes examples of shape {tuple(example_shape)}: '
                         f'expected (num_examples, '
                         f'{", ".join(map(str, example_shape))})')
    if shape[0] < batch_size:
        raise ValueError(f'real data has shape {shape}: fewer examples than '
                         f'one minibatch of {batch_size}')


def shuffled_batches(data, batch_size):
    """Yield one epoch of minibatches from `data` in a fresh random order.

    Shuffling a copy once and slicing it is all a DataLoader would do here, at a
    fraction of the cost. An incomplete last minibatch is dropped, so every
    minibatch has the same shape (a hybridized network then never re-plans).
    """
    data = data.copy()
    np.random.shuffle(data)
    for i in range(0, data.shape[0] - batch_size + 1, batch_size):
        yield data[i:i + batch_size]


def gaussian_data(A, b, num_examples=1000):
    """Draw `num_examples` points of N(b, AᵀA): standard normal noise X,
    stretched and rotated by A and shifted by b."""
    X = np.random.normal(size=(num_examples, A.shape[0]), ctx=A.ctx)
    return X.dot(A) + b
