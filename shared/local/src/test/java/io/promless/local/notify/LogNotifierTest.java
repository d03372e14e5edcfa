package io.promless.local.notify;

import io.promless.ports.Notifier;
import io.promless.testkit.contract.NotifierContract;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

class LogNotifierTest extends NotifierContract {
    private final List<Delivered> records = new CopyOnWriteArrayList<>();

    @Override
    protected Notifier createNotifier() {
        Logger logger = Logger.getLogger("test.notifications." + UUID.randomUUID());
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                String text = MessageFormat.format(record.getMessage(), record.getParameters());
                int newline = text.indexOf('\n');
                records.add(new Delivered(text.substring(0, newline), text.substring(newline + 1)));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        return new LogNotifier(logger);
    }

    @Override
    protected List<Delivered> delivered(int expected, Duration wait) {
        return List.copyOf(records);
    }
}
