/**
 * What the scrape engine remembers between scrapes, behind a port so it survives cold starts and
 * is shared by every container: per target the series of its last scrape (for staleness markers)
 * and its metric metadata; per group of targets their health; and the resolved target catalog
 * for the targets API. See docs/dynamodb-layout.md for the stored layout and its cost.
 */
package io.promless.scrape.state;
