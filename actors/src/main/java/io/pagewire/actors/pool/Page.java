package io.pagewire.actors.pool;

import java.nio.ByteBuffer;

/**
 * One page of the PagePool's arena: its index and a view of its memory. A page carries no owner:
 * who holds it is decided by the messages that moved it (Lease → Leased → Release). Callers never
 * change {@link #memory()}'s position or limit; they take {@link #view(int)} instead.
 */
public record Page(int index, ByteBuffer memory) {

    public int size() {
        return memory.capacity();
    }

    /** A fresh view of the first {@code length} bytes, position 0: the unit of I/O handed to a device handler. */
    public ByteBuffer view(int length) {
        return memory.duplicate().position(0).limit(length);
    }

    /** A fresh view of {@code length} bytes from {@code offset}. */
    public ByteBuffer view(int offset, int length) {
        return memory.duplicate().limit(offset + length).position(offset);
    }
}
