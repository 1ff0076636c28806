package io.pagewire.actors.session;

import io.pagewire.streams.commands.CommandPlan;
import io.pagewire.streams.commands.ReceiveCopyResults;

/**
 * The copy status an I_T nexus (this session) may ask for with RECEIVE COPY RESULTS / COPY STATUS:
 * the last EXTENDED COPY of each LIST IDENTIFIER that asked for its status to be held (SPC-4 §6.4.3,
 * LIST ID USAGE 00b or 10b). At most 256 entries, one per identifier. Actor thread only.
 */
final class CopyStatusBook {

    private record Status(int managerStatus, int segmentsProcessed, long bytesCopied) {
    }

    private final Status[] byListId = new Status[256];

    void record(int listId, boolean withErrors, int segmentsProcessed, long bytesCopied) {
        byListId[listId & 0xFF] = new Status(withErrors ? ReceiveCopyResults.COMPLETED_WITH_ERRORS
                : ReceiveCopyResults.COMPLETED_WITHOUT_ERRORS, segmentsProcessed, bytesCopied);
    }

    CommandPlan answer(CommandPlan.CopyStatus request) {
        Status status = byListId[request.listId() & 0xFF];
        if (status == null) {
            return ReceiveCopyResults.noSuchList();
        }
        return ReceiveCopyResults.copyStatus(status.managerStatus(), status.segmentsProcessed(),
                status.bytesCopied(), request.allocationLength());
    }
}
