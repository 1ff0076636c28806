package io.pagewire.actors.session;

/**
 * A snapshot of one session, for operators and tests. While the login is still in progress the
 * names are null and the TSIH is 0.
 *
 * @param openTasks     SCSI commands started and not yet answered
 * @param pingsSent     NOP-In pings the target sent because the connection was idle
 * @param pingsAnswered of those, the ones the initiator answered in time
 */
public record SessionInfo(String initiatorName, String targetName, int tsih, boolean loggedIn, int openTasks,
                          long pingsSent, long pingsAnswered) {

    static SessionInfo loggingIn() {
        return new SessionInfo(null, null, 0, false, 0, 0, 0);
    }
}
