package io.pagewire.streams.spi;

/**
 * A run of bytes of a device in one provisioning state (SBC-3 §4.7.3): mapped (backed by storage)
 * or deallocated (reads zeros, takes no space). {@code length} is positive.
 */
public record ProvisioningState(boolean mapped, long length) {
    public ProvisioningState {
        if (length <= 0) {
            throw new IllegalArgumentException("length must be positive, got " + length);
        }
    }
}
