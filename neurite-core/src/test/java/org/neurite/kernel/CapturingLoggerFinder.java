package org.neurite.kernel;

import java.util.List;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A platform-logging bridge as SLF4J's or Log4j's {@code System.LoggerFinder} is, reduced to a list:
 * service-loaded from the test class path (META-INF/services), it receives every record that Neurite
 * logs through {@link System.Logger} during the tests, and prints nothing.
 */
public final class CapturingLoggerFinder extends System.LoggerFinder {
    /** One captured record. */
    public record Entry(String logger, System.Logger.Level level, String message) {}

    static final List<Entry> RECORDS = new CopyOnWriteArrayList<>();

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new System.Logger() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public boolean isLoggable(Level level) {
                return true;
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
                RECORDS.add(new Entry(name, level, localized(bundle, msg)));
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String format, Object... params) {
                String pattern = localized(bundle, format);
                RECORDS.add(new Entry(name, level, params == null || params.length == 0 ? pattern : java.text.MessageFormat.format(pattern, params)));
            }
        };
    }

    private static String localized(ResourceBundle bundle, String key) {
        if (bundle == null || key == null) return key;
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
    }
}
