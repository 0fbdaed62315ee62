/**
 * The storage SPI on JDBC: {@link io.github.omnictx.store.jdbc.JdbcStore} keeps Omni's records in
 * the application's own PostgreSQL, H2 or MariaDB database, over a {@code DataSource} the
 * application provides; {@link io.github.omnictx.store.jdbc.JdbcSchema} creates and upgrades the
 * tables, or hands the versioned scripts to teams that run Flyway or Liquibase themselves.
 *
 * <p>Inside (not API): each unit of work is a {@code JdbcTransaction} on one connection, which
 * owns its lifecycle (autocommit reads, a transaction from the first write, commit or rollback)
 * and one package-private class per repository ({@code JdbcCustomers}, {@code JdbcTouchpoints},
 * {@code JdbcConversations}, {@code JdbcAgents}, {@code JdbcHandoffs}, {@code JdbcMergeJournal},
 * {@code JdbcWebhookTokens}). The repositories send every statement through {@code Sql}, which binds
 * the parameters, reads the rows and maps driver errors to Omni exceptions in one place; the
 * statements' texts are built once per store in {@code SqlText}.
 */
@NullMarked
package io.github.omnictx.store.jdbc;

import org.jspecify.annotations.NullMarked;
