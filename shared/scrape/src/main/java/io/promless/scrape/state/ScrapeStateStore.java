package io.promless.scrape.state;

import java.util.List;
import java.util.Optional;

/**
 * Where the scrape engine keeps what must outlive one container: per target its
 * {@link TargetSeriesState} (written only when its digest changes), per state group one
 * {@link HealthGroup} (written once per round), and one {@link TargetCatalog} (written when the
 * resolved targets change). A container compares the digests in the group it reads at the start
 * of a round with its cached states, so it reads a target's series only when another container
 * (or none, after a cold start) scraped it last.
 *
 * <p>Contract: a save is atomic (readers see the whole old or the whole new value) and a load
 * after a save returns what was saved (read-after-write). One group is written by one round at a
 * time; different groups and different targets may be written concurrently. Implementations are
 * thread-safe. Failures surface as runtime exceptions; the engine logs and counts them.
 */
public interface ScrapeStateStore {
    Optional<HealthGroup> loadGroup(String group);

    void saveGroup(HealthGroup group);

    /** Every stored group (for the targets API), in group name order. */
    List<HealthGroup> loadAllGroups();

    Optional<TargetSeriesState> loadTarget(String targetId);

    void saveTarget(TargetSeriesState state);

    /** Forgets a target that is no longer scraped; a missing one is not an error. */
    void deleteTarget(String targetId);

    Optional<TargetCatalog> loadCatalog();

    void saveCatalog(TargetCatalog catalog);
}
