package io.pagewire.protocol.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The answer to SendTargets (RFC 7143 §13.3 and Appendix C): for each reported target a
 * {@code TargetName} pair followed by one {@code TargetAddress} pair per portal.
 *
 * <ul>
 *   <li>{@code All}: every target in a discovery session. In a normal session the session's own
 *       target, as for the empty value: Appendix C has a normal session report the target it is
 *       connected to, and initiators (libiscsi's discovery call works on any session) send All there
 *       to refresh its addresses, so an answer serves them better than Reject.</li>
 *   <li>a target name: that target if it exists, otherwise nothing.</li>
 *   <li>empty: the session's own target, in normal sessions only; a discovery session gets Reject.</li>
 * </ul>
 */
final class SendTargets {
    static final String ALL = "All";

    private SendTargets() {
    }

    static List<KeyValue> answer(String value, TargetDirectory directory, OperationalParameters session) {
        boolean discovery = session.sessionType() == SessionType.DISCOVERY;
        List<TargetInfo> reported = new ArrayList<>();
        if (value.equals(ALL)) {
            if (discovery) {
                reported.addAll(directory.targets());
            } else {
                directory.lookup(session.targetName()).ifPresent(reported::add);
            }
        } else if (value.isEmpty()) {
            if (discovery) {
                return reject();
            }
            directory.lookup(session.targetName()).ifPresent(reported::add);
        } else {
            directory.lookup(value).ifPresent(reported::add);
        }
        List<KeyValue> pairs = new ArrayList<>();
        for (TargetInfo target : reported) {
            pairs.add(new KeyValue(NegotiationKey.TARGET_NAME.wireName(), target.name()));
            for (TargetPortal portal : target.portals()) {
                pairs.add(new KeyValue(NegotiationKey.TARGET_ADDRESS.wireName(), portal.targetAddress()));
            }
        }
        return pairs;
    }

    private static List<KeyValue> reject() {
        return List.of(new KeyValue(NegotiationKey.SEND_TARGETS.wireName(), KeyValue.REJECT));
    }
}
