/**
 * Benchmarks: {@link io.github.omnictx.examples.bench.JdbcBenchmark} loads a realistic data set
 * into PostgreSQL and compares Omni's JDBC store with raw JDBC on the same rows.
 */
@NullMarked
package io.github.omnictx.examples.bench;

import org.jspecify.annotations.NullMarked;
