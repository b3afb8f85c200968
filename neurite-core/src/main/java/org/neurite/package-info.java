/**
 * Session-wide calls that belong to no layer or model: {@link org.neurite.Neurite#clearSession()}
 * (Keras' {@code clear_session()}: automatic layer names start again).
 */
package org.neurite;
