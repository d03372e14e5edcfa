package io.promless.config;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A configuration file that cannot be read or is invalid; the message follows Prometheus's
 * wording. Where known, the error carries its line in the document and, once the loader knows
 * which file or object it read, the source name: the message then starts with
 * {@code source:line: } ahead of Prometheus's own text, e.g.
 * {@code prometheus.yml:12: parsing YAML file prometheus.yml: yaml: unmarshal errors: ...}.
 */
public class ConfigException extends PromlessException {
    private final int line;
    private final String source;
    private final String detail;

    public ConfigException(String message) {
        this(message, null, 0, null);
    }

    public ConfigException(String message, Throwable cause) {
        this(message, cause, cause instanceof ConfigException config ? config.line : 0, null);
    }

    private ConfigException(String detail, Throwable cause, int line, String source) {
        super(ErrorType.BAD_DATA, source == null ? detail : location(source, line) + detail, cause);
        this.detail = detail;
        this.line = line;
        this.source = source;
    }

    /** An error at a line of the document (1-based). */
    public static ConfigException atLine(int line, String message) {
        return new ConfigException(message, null, Math.max(0, line), null);
    }

    /** The document line the error is at, when known. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** The file or object key the error is in, once known. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** The message without the {@code source:line:} location. */
    public String detail() {
        return detail;
    }

    /** This error at {@code line}, unless it already knows a (more precise) line. */
    public ConfigException orAtLine(int line) {
        if (this.line > 0 || line <= 0) {
            return this;
        }
        ConfigException located = new ConfigException(detail, getCause(), line, source);
        located.setStackTrace(getStackTrace());
        return located;
    }

    /** This error prefixed with {@code source:line: } (or {@code source: } without a line). */
    public ConfigException withSource(String source) {
        if (this.source != null) {
            return this;
        }
        ConfigException located = new ConfigException(detail, getCause(), line, source);
        located.setStackTrace(getStackTrace());
        return located;
    }

    private static String location(String source, int line) {
        return line > 0 ? source + ":" + line + ": " : source + ": ";
    }
}
