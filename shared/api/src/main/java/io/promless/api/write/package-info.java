/** The remote-write receiver ({@code POST /api/v1/write}): Prometheus and agents push samples in. */
package io.promless.api.write;
