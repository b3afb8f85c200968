/**
 * The live training dashboard: {@link org.neurite.dashboard.Dashboard} is a callback that serves
 * one self-contained page on loopback (JDK {@code jdk.httpserver}, server-sent events) showing
 * loss and metric curves, learning rate, throughput, gradient health, activation histograms and
 * the model table while {@code fit} runs, and the final state after it ends.
 */
package org.neurite.dashboard;
