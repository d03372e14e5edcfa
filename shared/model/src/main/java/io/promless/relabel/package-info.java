/** Prometheus's relabeling: rewriting, keeping and dropping label sets by {@code relabel_configs} rules. */
package io.promless.relabel;
