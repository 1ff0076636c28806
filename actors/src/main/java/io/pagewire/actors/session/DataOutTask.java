package io.pagewire.actors.session;

import io.pagewire.protocol.pdu.DataOut;

/** A task that takes Data-Out: a WRITE, or a command with a parameter list. */
interface DataOutTask extends Task {
    /** Takes ownership of the PDU. */
    void onDataOut(DataOut pdu);

    /** Whether {@code ttt} is one of this task's open R2Ts. */
    boolean ownsTtt(int ttt);
}
