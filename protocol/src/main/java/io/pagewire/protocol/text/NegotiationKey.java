package io.pagewire.protocol.text;

import static io.pagewire.protocol.text.Irrelevance.DISCOVERY;
import static io.pagewire.protocol.text.Irrelevance.DISCOVERY_OR_NO_UNSOLICITED_DATA;
import static io.pagewire.protocol.text.Irrelevance.NEVER;
import static io.pagewire.protocol.text.KeyScope.CONNECTION;
import static io.pagewire.protocol.text.KeyScope.SESSION;
import static io.pagewire.protocol.text.KeySender.BOTH;
import static io.pagewire.protocol.text.KeySender.INITIATOR;
import static io.pagewire.protocol.text.KeySender.TARGET;
import static io.pagewire.protocol.text.KeyStage.ANY;
import static io.pagewire.protocol.text.KeyStage.OPERATIONAL;
import static io.pagewire.protocol.text.KeyStage.SECURITY;
import static io.pagewire.protocol.text.KeyUse.ALL;
import static io.pagewire.protocol.text.KeyUse.FULL_FEATURE_ONLY;
import static io.pagewire.protocol.text.KeyUse.LEADING_ONLY;
import static io.pagewire.protocol.text.KeyUse.LOGIN_ONLY;
import static io.pagewire.protocol.text.NegotiationRule.BOOLEAN_AND;
import static io.pagewire.protocol.text.NegotiationRule.BOOLEAN_OR;
import static io.pagewire.protocol.text.NegotiationRule.DECLARATIVE;
import static io.pagewire.protocol.text.NegotiationRule.LIST;
import static io.pagewire.protocol.text.NegotiationRule.NUMERIC_MAX;
import static io.pagewire.protocol.text.NegotiationRule.NUMERIC_MIN;
import static io.pagewire.protocol.text.NegotiationRule.OBSOLETE;
import static io.pagewire.protocol.text.NegotiationRule.QUERY;

import java.util.HashMap;
import java.util.Map;

/**
 * The keys this target understands, one row each, with the attributes RFC 7143 §13 gives them.
 * Answers are computed from this table by {@link Negotiator}; there is no code per key.
 *
 * <p>Rows are processed in declaration order within one request, so a key comes after those its
 * answer depends on: SessionType first (Irrelevant in discovery), and FirstBurstLength after
 * InitialR2T, ImmediateData and its ceiling MaxBurstLength.
 */
public enum NegotiationKey {
    //                      name                          rule          use                stage        scope       sender     type                  default      min  max         irrelevant when                 ceiling
    SESSION_TYPE(           "SessionType",                DECLARATIVE,  LEADING_ONLY,      ANY,         SESSION,    INITIATOR, ValueType.TEXT,       "Normal",    0,   0,          NEVER,                          null),
    INITIATOR_NAME(         "InitiatorName",              DECLARATIVE,  LOGIN_ONLY,        ANY,         SESSION,    INITIATOR, ValueType.ISCSI_NAME, null,        0,   0,          NEVER,                          null),
    TARGET_NAME(            "TargetName",                 DECLARATIVE,  LOGIN_ONLY,        ANY,         SESSION,    BOTH,      ValueType.ISCSI_NAME, null,        0,   0,          NEVER,                          null),
    INITIATOR_ALIAS(        "InitiatorAlias",             DECLARATIVE,  ALL,               ANY,         SESSION,    INITIATOR, ValueType.TEXT,       null,        0,   0,          NEVER,                          null),
    TARGET_ALIAS(           "TargetAlias",                DECLARATIVE,  ALL,               ANY,         SESSION,    TARGET,    ValueType.TEXT,       null,        0,   0,          NEVER,                          null),
    TARGET_ADDRESS(         "TargetAddress",              DECLARATIVE,  ALL,               ANY,         SESSION,    TARGET,    ValueType.TEXT,       null,        0,   0,          NEVER,                          null),
    TARGET_PORTAL_GROUP_TAG("TargetPortalGroupTag",       DECLARATIVE,  LOGIN_ONLY,        ANY,         SESSION,    TARGET,    ValueType.NUMBER,     null,        0,   65535,      NEVER,                          null),
    NODE_ARCHITECTURE(      "X#NodeArchitecture",         DECLARATIVE,  LEADING_ONLY,      ANY,         SESSION,    BOTH,      ValueType.LIST,       null,        0,   0,          NEVER,                          null),
    AUTH_METHOD(            "AuthMethod",                 LIST,         LOGIN_ONLY,        SECURITY,    CONNECTION, BOTH,      ValueType.LIST,       "None",      0,   0,          NEVER,                          null),
    HEADER_DIGEST(          "HeaderDigest",               LIST,         LOGIN_ONLY,        OPERATIONAL, CONNECTION, BOTH,      ValueType.LIST,       "None",      0,   0,          NEVER,                          null),
    DATA_DIGEST(            "DataDigest",                 LIST,         LOGIN_ONLY,        OPERATIONAL, CONNECTION, BOTH,      ValueType.LIST,       "None",      0,   0,          NEVER,                          null),
    MAX_RECV_DATA_SEGMENT_LENGTH("MaxRecvDataSegmentLength", DECLARATIVE, ALL,             OPERATIONAL, CONNECTION, BOTH,      ValueType.NUMBER,     "8192",      512, 16777215,   NEVER,                          null),
    MAX_CONNECTIONS(        "MaxConnections",             NUMERIC_MIN,  LEADING_ONLY,      OPERATIONAL, SESSION,    BOTH,      ValueType.NUMBER,     "1",         1,   65535,      DISCOVERY,                      null),
    INITIAL_R2T(            "InitialR2T",                 BOOLEAN_OR,   LEADING_ONLY,      OPERATIONAL, SESSION,    BOTH,      ValueType.BOOLEAN,    "Yes",       0,   0,          DISCOVERY,                      null),
    IMMEDIATE_DATA(         "ImmediateData",              BOOLEAN_AND,  LEADING_ONLY,      OPERATIONAL, SESSION,    BOTH,      ValueType.BOOLEAN,    "Yes",       0,   0,          DISCOVERY,                      null),
    MAX_BURST_LENGTH(       "MaxBurstLength",             NUMERIC_MIN,  LEADING_ONLY,      OPERATIONAL, SESSION,    BOTH,      ValueType.NUMBER,     "262144",    512, 16777215,   DISCOVERY,                      null),
    FIRST_BURST_LENGTH(     "FirstBurstLength",           NUMERIC_MIN,  LEADING_ONLY,      OPERATIONAL, SESSION,    BOTH,      ValueType.NUMBER,     "65536",     512, 16777215,   DISCOVERY_OR_NO_UNSOLICITED_DATA, MAX_BURST_LENGTH),
    DEFAULT_TIME2WAIT(      "DefaultTime2Wait",           NUMERIC_MAX,  LEADING_ONLY,      OPERATIONAL, SESSION,    BOTH,      ValueType.NUMBER,     "2",         0,   3600,       NEVER,                          null),
    DEFAULT_TIME2RETAIN(    "DefaultTime2Retain",         NUMERIC_MIN,  LEADING_ONLY,      OPERATIONAL, SESSION,    BOTH,      ValueType.NUMBER,     "20",        0,   3600,       NEVER,                          null),
    MAX_OUTSTANDING_R2T(    "MaxOutstandingR2T",          NUMERIC_MIN,  LEADING_ONLY,      OPERATIONAL, SESSION,    BOTH,      ValueType.NUMBER,     "1",         1,   65535,      DISCOVERY,                      null),
    DATA_PDU_IN_ORDER(      "DataPDUInOrder",             BOOLEAN_OR,   LEADING_ONLY,      OPERATIONAL, SESSION,    BOTH,      ValueType.BOOLEAN,    "Yes",       0,   0,          DISCOVERY,                      null),
    DATA_SEQUENCE_IN_ORDER( "DataSequenceInOrder",        BOOLEAN_OR,   LEADING_ONLY,      OPERATIONAL, SESSION,    BOTH,      ValueType.BOOLEAN,    "Yes",       0,   0,          DISCOVERY,                      null),
    ERROR_RECOVERY_LEVEL(   "ErrorRecoveryLevel",         NUMERIC_MIN,  LEADING_ONLY,      OPERATIONAL, SESSION,    BOTH,      ValueType.NUMBER,     "0",         0,   2,          NEVER,                          null),
    TASK_REPORTING(         "TaskReporting",              LIST,         LEADING_ONLY,      OPERATIONAL, SESSION,    BOTH,      ValueType.LIST,       "RFC3720",   0,   0,          DISCOVERY,                      null),
    ISCSI_PROTOCOL_LEVEL(   "iSCSIProtocolLevel",         NUMERIC_MIN,  LEADING_ONLY,      OPERATIONAL, SESSION,    BOTH,      ValueType.NUMBER,     "0",         0,   31,         DISCOVERY,                      null),
    SEND_TARGETS(           "SendTargets",                QUERY,        FULL_FEATURE_ONLY, OPERATIONAL, SESSION,    INITIATOR, ValueType.TEXT,       null,        0,   0,          NEVER,                          null),
    IF_MARKER(              "IFMarker",                   OBSOLETE,     LOGIN_ONLY,        OPERATIONAL, CONNECTION, BOTH,      ValueType.BOOLEAN,    "No",        0,   0,          NEVER,                          null),
    OF_MARKER(              "OFMarker",                   OBSOLETE,     LOGIN_ONLY,        OPERATIONAL, CONNECTION, BOTH,      ValueType.BOOLEAN,    "No",        0,   0,          NEVER,                          null),
    IF_MARK_INT(            "IFMarkInt",                  OBSOLETE,     LOGIN_ONLY,        OPERATIONAL, CONNECTION, BOTH,      ValueType.TEXT,       "2048~2048", 0,   0,          NEVER,                          null),
    OF_MARK_INT(            "OFMarkInt",                  OBSOLETE,     LOGIN_ONLY,        OPERATIONAL, CONNECTION, BOTH,      ValueType.TEXT,       "2048~2048", 0,   0,          NEVER,                          null);

    private static final Map<String, NegotiationKey> BY_NAME = new HashMap<>();

    static {
        for (NegotiationKey key : values()) {
            BY_NAME.put(key.wireName, key);
        }
    }

    private final String wireName;
    private final NegotiationRule rule;
    private final KeyUse use;
    private final KeyStage stage;
    private final KeyScope scope;
    private final KeySender sender;
    private final ValueType type;
    private final String defaultValue;
    private final int min;
    private final int max;
    private final Irrelevance irrelevance;
    private final NegotiationKey ceiling;

    NegotiationKey(String wireName, NegotiationRule rule, KeyUse use, KeyStage stage, KeyScope scope,
                   KeySender sender, ValueType type, String defaultValue, int min, int max,
                   Irrelevance irrelevance, NegotiationKey ceiling) {
        this.wireName = wireName;
        this.rule = rule;
        this.use = use;
        this.stage = stage;
        this.scope = scope;
        this.sender = sender;
        this.type = type;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.irrelevance = irrelevance;
        this.ceiling = ceiling;
    }

    /** @return the key with this exact (case-sensitive) name, or {@code null} when not in the table */
    public static NegotiationKey of(String wireName) {
        return BY_NAME.get(wireName);
    }

    /** The key name as written on the wire. */
    public String wireName() {
        return wireName;
    }

    public NegotiationRule rule() {
        return rule;
    }

    public KeyUse use() {
        return use;
    }

    public KeyStage stage() {
        return stage;
    }

    public KeyScope scope() {
        return scope;
    }

    public KeySender sender() {
        return sender;
    }

    public ValueType type() {
        return type;
    }

    /** The RFC 7143 default, or {@code null} for keys without one (names, aliases). */
    public String defaultValue() {
        return defaultValue;
    }

    /** Smallest valid value of a {@link ValueType#NUMBER} key. */
    public int min() {
        return min;
    }

    /** Largest valid value of a {@link ValueType#NUMBER} key. */
    public int max() {
        return max;
    }

    public Irrelevance irrelevance() {
        return irrelevance;
    }

    /** A key whose negotiated value this key's answer may not exceed (FirstBurstLength ≤ MaxBurstLength), or null. */
    public NegotiationKey ceiling() {
        return ceiling;
    }

    /** True when the answer depends on both sides (not declarative, query or obsolete). */
    public boolean negotiated() {
        return rule != DECLARATIVE && rule != QUERY && rule != OBSOLETE;
    }
}
