package io.promless.relabel;

import static java.util.Objects.requireNonNull;

import io.promless.config.RelabelConfig;
import io.promless.model.labels.LabelNames;
import io.promless.model.labels.Labels;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.MatchResult;

/**
 * Applies {@code relabel_configs} rules to a label set exactly as Prometheus does: rules run in
 * order on one working set, a {@code keep}/{@code drop}/{@code keepequal}/{@code dropequal} that
 * rejects the set ends processing, and a label set to the empty value is removed.
 *
 * <p>Label names produced by {@code replace} and {@code labelmap} are checked with the given
 * validation scheme: Prometheus 3's default accepts any non-empty name ({@code utf8});
 * {@code legacy} wants {@code [a-zA-Z_][a-zA-Z0-9_]*}. An invalid target name makes the rule a
 * no-op, as in Prometheus. Stateless and thread-safe.
 */
public final class Relabeler {
    /** Prometheus 3's default: any non-empty label name. */
    public static final Relabeler UTF8 = new Relabeler(false);
    public static final Relabeler LEGACY = new Relabeler(true);

    private final boolean legacyNames;

    private Relabeler(boolean legacyNames) {
        this.legacyNames = legacyNames;
    }

    /** The relabeler for a scrape config's {@code metric_name_validation_scheme}. */
    public static Relabeler forValidationScheme(String scheme) {
        return "legacy".equals(scheme) ? LEGACY : UTF8;
    }

    /** The relabeled set, or empty when a rule dropped it. Rules with no effect keep it as is. */
    public Optional<Labels> process(Labels labels, List<RelabelConfig> rules) {
        requireNonNull(labels, "labels is null");
        requireNonNull(rules, "rules is null");
        if (rules.isEmpty()) {
            return Optional.of(labels);
        }
        Labels.Builder builder = labels.toBuilder();
        for (RelabelConfig rule : rules) {
            if (!apply(rule, builder)) {
                return Optional.empty();
            }
        }
        return Optional.of(builder.build());
    }

    /** Applies one rule to the working set; false when the rule drops it. */
    private boolean apply(RelabelConfig rule, Labels.Builder labels) {
        String value = sourceValue(rule, labels);
        switch (rule.action()) {
            case KEEP -> {
                return rule.pattern().matches(value);
            }
            case DROP -> {
                return !rule.pattern().matches(value);
            }
            case KEEPEQUAL -> {
                return labels.get(rule.targetLabel()).equals(value);
            }
            case DROPEQUAL -> {
                return !labels.get(rule.targetLabel()).equals(value);
            }
            case REPLACE -> replace(rule, value, labels);
            case LOWERCASE -> labels.set(rule.targetLabel(), value.toLowerCase(Locale.ROOT));
            case UPPERCASE -> labels.set(rule.targetLabel(), value.toUpperCase(Locale.ROOT));
            case HASHMOD -> labels.set(rule.targetLabel(), Long.toUnsignedString(hashMod(value, rule.modulus())));
            case LABELMAP -> {
                Labels snapshot = labels.build();
                for (int i = 0; i < snapshot.size(); i++) {
                    String name = snapshot.name(i);
                    MatchResult match = rule.pattern().find(name);
                    if (match != null) {
                        // The anchored regex matches the whole name, so ReplaceAll is one expansion.
                        String newName = rule.pattern().expand(rule.replacement(), name, match);
                        if (isValidName(newName)) {
                            labels.set(newName, snapshot.value(i));
                        }
                    }
                }
            }
            case LABELDROP -> {
                for (String name : labels.build().names()) {
                    if (rule.pattern().matches(name)) {
                        labels.remove(name);
                    }
                }
            }
            case LABELKEEP -> {
                for (String name : labels.build().names()) {
                    if (!rule.pattern().matches(name)) {
                        labels.remove(name);
                    }
                }
            }
        }
        return true;
    }

    private static String sourceValue(RelabelConfig rule, Labels.Builder labels) {
        List<String> sources = rule.sourceLabels();
        if (sources.size() == 1) {
            return labels.get(sources.get(0));
        }
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < sources.size(); i++) {
            if (i > 0) {
                value.append(rule.separator());
            }
            value.append(labels.get(sources.get(i)));
        }
        return value.toString();
    }

    /**
     * No match leaves the set alone; otherwise the target name and the replacement are both
     * expanded from the match, an invalid name skips the rule and an empty result deletes.
     */
    private void replace(RelabelConfig rule, String value, Labels.Builder labels) {
        MatchResult match = rule.pattern().find(value);
        if (match == null) {
            return;
        }
        String target = rule.pattern().expand(rule.targetLabel(), value, match);
        if (!isValidName(target)) {
            return;
        }
        labels.set(target, rule.pattern().expand(rule.replacement(), value, match));
    }

    private boolean isValidName(String name) {
        return legacyNames ? LabelNames.isLegacyLabelName(name) : LabelNames.isValidName(name);
    }

    /**
     * Prometheus's hashmod: the MD5 of the joined source values, its last eight bytes read as a
     * big-endian unsigned 64-bit number, modulo the (unsigned) modulus.
     */
    static long hashMod(String value, long modulus) {
        byte[] digest = md5().digest(value.getBytes(StandardCharsets.UTF_8));
        long hash = ByteBuffer.wrap(digest, 8, 8).getLong();
        return Long.remainderUnsigned(hash, modulus);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides MD5", e);
        }
    }
}
