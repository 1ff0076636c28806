package io.pagewire.actors.lu;

import io.pagewire.streams.pipeline.IoRequest;
import io.pagewire.streams.spi.Geometry;

/**
 * The logical unit's medium as a sanitize reaches it: the door to its I/O pipeline (the same one the
 * sessions use) and its size. The control actor decides; the device work goes through here.
 */
public interface SanitizeMedium {

    /** A medium that takes no requests (no device behind the control actor): every sanitize fails. */
    SanitizeMedium NONE = new SanitizeMedium() {
        @Override
        public boolean submit(IoRequest request) {
            return false;
        }

        @Override
        public Geometry geometry() {
            return new Geometry(512, 1);
        }
    };

    /** Any thread. @return false when the pipeline does not take the request now (queue full, restarting). */
    boolean submit(IoRequest request);

    Geometry geometry();
}
