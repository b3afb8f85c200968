/**
 * Exam calculus through the higher-order autograd: {@link org.neurite.analysis.calculus.Calculus}
 * (gradient and Hessian of a function of a few variables) and {@link org.neurite.analysis.calculus.CriticalPoints}
 * (minimum, maximum or saddle from the Hessian's eigenvalues). Public API.
 */
package org.neurite.analysis.calculus;
