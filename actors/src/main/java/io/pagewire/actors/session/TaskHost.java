package io.pagewire.actors.session;

import io.pagewire.actors.pool.Page;
import io.pagewire.actors.pool.PageReturn;
import io.pagewire.actors.target.LogicalUnit;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.streams.pipeline.IoRequest;
import io.pagewire.streams.pipeline.IoResult;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a task may ask of its session. Implemented by the full-feature phase; every call happens on
 * the session's actor thread.
 */
interface TaskHost {
    /** Asks the PagePool for pages; the answer arrives as {@link Task#onLeased} with the returned tag. */
    long lease(Task task, int pages);

    /**
     * Lends the first {@code length} bytes of {@code pages} to the LU's device for one I/O at
     * {@code byteOffset}; completion arrives as {@link Task#onIoDone}, and until then the pages are
     * the device's. A FLUSH passes no pages.
     * @return false when the LU's queue is full (the pages stay with the caller, who answers BUSY)
     */
    boolean submit(Task task, LogicalUnit lu, IoRequest.Operation op, long byteOffset, List<Page> pages, int length,
                   boolean fua);

    /**
     * As {@link #submit(Task, LogicalUnit, IoRequest.Operation, long, List, int, boolean)} for any
     * request: {@code request} builds it from the page views (the first {@code length} bytes of
     * {@code pages}) and the completion callback. WRITE SAME, UNMAP and GET LBA STATUS use it.
     */
    boolean submit(Task task, LogicalUnit lu, List<Page> pages, int length, RequestMaker request);

    /** Builds one {@link IoRequest} around the session's page views and completion callback. */
    @FunctionalInterface
    interface RequestMaker {
        IoRequest make(List<ByteBuffer> views, Consumer<IoResult> onComplete);
    }

    /**
     * As {@link #submit(Task, LogicalUnit, IoRequest.Operation, long, List, int, boolean)}, for the
     * operations that read the medium to compare or merge: {@code scratch} pages are lent too (the
     * device reads the medium into them) and come back with the others.
     *
     * @param mediumLength bytes of the medium covered, -1 for the operation's natural length
     */
    boolean submit(Task task, LogicalUnit lu, IoRequest.Operation op, long byteOffset, List<Page> pages, int length,
                   List<Page> scratch, long mediumLength, boolean fua);

    /** Gives pages back to the pool that no buffer carries. */
    void release(List<Page> pages, io.pagewire.actors.pool.PagePool.ReleaseKind kind);

    /** The callback a {@link io.pagewire.actors.pool.PageBuf} uses once the transport lets go. */
    PageReturn pageReturn();

    Wire wire();

    SessionParameters parameters();

    int pageSize();

    int maxSegment();

    /** The task has sent its final status (or was dropped): forget it. */
    void finished(Task task);

    /** Sends CHECK CONDITION with this sense, in the format the LU's control mode page selects. */
    void checkCondition(int itt, SenseData sense, Residual residual);

    /** Answers BUSY: the LU cannot queue more I/O right now (SAM-5 §5.3.1). */
    void busy(int itt);
}
