/**
 * The storage SPI on JDBC: {@link io.github.omnictx.store.jdbc.JdbcStore} keeps Omni's records in
 * the application's own PostgreSQL, H2 or MariaDB database, over a {@code DataSource} the
 * application provides; {@link io.github.omnictx.store.jdbc.JdbcSchema} creates and upgrades the
 * tables, or hands the versioned scripts to teams that run Flyway or Liquibase themselves.
 */
@NullMarked
package io.github.omnictx.store.jdbc;

import org.jspecify.annotations.NullMarked;
