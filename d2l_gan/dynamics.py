"""The Dirac-GAN (Mescheder et al. 2018): a GAN small enough to draw.

Real data is the single point 0. The generator has one parameter θ and
makes the point θ; the discriminator has one parameter ψ and outputs the
logit ψx. Its losses are the course's: D minimises
(-log D(0) - log(1 - D(θ))) / 2, plus `penalty_weight` × R1 = ψ²/2 (the
squared gradient of D's logit at the real point, halved). G minimises
minus D's loss, as in the minimax game and in Mescheder et al. (with
saturating=False, -log D(θ), the non-saturating loss). The equilibrium is
θ = ψ = 0.
"""
import numpy as onp


def sigmoid(x):
    return 1 / (1 + onp.exp(-x))


def dirac_gradients(theta, psi, penalty_weight=0.0, saturating=True):
    """Gradients (dLoss_G/dθ, dLoss_D/dψ) at (θ, ψ); arrays work elementwise."""
    if penalty_weight < 0:
        raise ValueError(f'penalty_weight must be >= 0, got {penalty_weight}')
    if saturating:  # d/dθ of log(1 - D(θ)) / 2
        grad_theta = -psi * sigmoid(psi * theta) / 2
    else:  # d/dθ of -log D(θ)
        grad_theta = -psi * (1 - sigmoid(psi * theta))
    grad_psi = theta * sigmoid(psi * theta) / 2 + penalty_weight * psi
    return grad_theta, grad_psi


def dirac_path(theta, psi, lr=0.1, num_steps=500, alternating=True,
               penalty_weight=0.0, saturating=True):
    """(θ, ψ) after each of `num_steps` gradient steps, one row per step.

    Simultaneous steps move both players from the same point; alternating
    steps (as update_D then update_G do) move D first and G against the new D.
    """
    path = [(theta, psi)]
    for _ in range(num_steps):
        grad_theta, grad_psi = dirac_gradients(theta, psi, penalty_weight, saturating)
        psi_new = psi - lr * grad_psi
        if alternating:
            grad_theta, _ = dirac_gradients(theta, psi_new, penalty_weight, saturating)
        theta, psi = theta - lr * grad_theta, psi_new
        path.append((theta, psi))
    return onp.array(path)
