/**
 * Training and inference on Apache Spark (Spark in {@code provided} scope): synchronous
 * data-parallel training that equals single-process {@code fit} on the same batches, local SGD,
 * checkpoints on Hadoop paths, DataFrame input, the {@code NeuriteEstimator} /
 * {@code NeuriteModel} pair for Spark ML pipelines, and the {@code spark-submit} entry point
 * {@code TrainJob}. See {@code docs/spark.md} for the cost model.
 */
package org.neurite.spark;
