package io.pagewire.protocol.login;

import io.pagewire.protocol.pdu.LoginRequest;
import io.pagewire.protocol.text.KeyValue;
import io.pagewire.protocol.text.NegotiationContext;
import io.pagewire.protocol.text.NegotiationException;
import io.pagewire.protocol.text.NegotiationKey;
import io.pagewire.protocol.text.NegotiationPhase;
import io.pagewire.protocol.text.OperationalParameters;
import io.pagewire.protocol.text.Negotiator;
import io.pagewire.protocol.text.SessionType;
import io.pagewire.protocol.text.TargetDirectory;
import io.pagewire.protocol.text.TargetInfo;
import io.pagewire.protocol.text.TargetPolicy;
import io.pagewire.protocol.text.TextAssembler;
import io.pagewire.protocol.text.TextCodec;
import io.pagewire.protocol.text.TextContinuation;
import io.pagewire.protocol.text.TextFormatException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The target side of the login phase of one connection (RFC 7143 §6.3, §11.12, §11.13): fed each
 * Login Request, it decides each Login Response. Sequence numbers and the TSIH are the Session
 * actor's; so are session reinstatement and connection counting. Called only from the actor that
 * owns the connection; plain state, no locking.
 *
 * <p>Stages: the first request may start in the security (0) or operational (1) stage; transits are
 * 0→1, 0→3 and 1→3, and the target transits exactly when the initiator asks (T=1) and the stage is
 * done (authentication succeeded). The target never offers negotiated keys of its own; it answers
 * the initiator's offers and declares, in the response to the first complete request, TargetAlias
 * (normal sessions, when the directory has one) and TargetPortalGroupTag (whenever TargetName was
 * given, §13.9), and MaxRecvDataSegmentLength in the response to the first complete request of the
 * operational stage (a login that goes 0→3 never declares it, so it stays 8192).
 *
 * <p>C bit: requests with C=1 are acknowledged with an empty response until the text is complete;
 * a response text longer than 8192 bytes (the login-time MaxRecvDataSegmentLength) is sent in pieces
 * with C=1, each fetched by an empty request.
 *
 * <p>Access: once the first complete request names the initiator and the target, the
 * {@link AccessControl} decides whether that initiator may log in to it (else 0x0202) and which
 * {@link Authenticator} the security stage runs; AuthMethod is answered from that authenticator's methods.
 *
 * <p>Failures end the login: the step has {@code failed} set, the actor sends it and closes.
 */
public final class LoginStateMachine {
    /** The only version of RFC 7143 (VersionMax/VersionActive/VersionMin 0x00). */
    public static final int VERSION = 0x00;
    public static final int SECURITY_STAGE = 0;
    public static final int OPERATIONAL_STAGE = 1;
    public static final int FULL_FEATURE_PHASE = 3;
    /** Largest data segment either side may send during login (RFC 7143 §13.12 default). */
    public static final int LOGIN_SEGMENT_LENGTH = 8192;

    private final TargetPolicy policy;
    private final TargetDirectory directory;
    private final AccessControl access;
    private final TextAssembler assembler;
    /** Chosen for the target the first complete request names, with the negotiator that offers its methods. */
    private Authenticator authenticator;
    private Negotiator negotiator;

    private LoginRequest first;
    private int stage = -1;
    private boolean finished;

    private final Map<NegotiationKey, String> identity = new EnumMap<>(NegotiationKey.class);
    private SessionType sessionType;
    private TargetInfo target;
    private Authentication authentication;
    private boolean maxRecvDeclared;

    private TextContinuation pending;
    private boolean pendingTransit;
    private int pendingNsg;

    /** A login without authentication (AuthMethod=None only). */
    public LoginStateMachine(TargetPolicy policy, TargetDirectory directory) {
        this(policy, directory, Authenticator.NONE);
    }

    public LoginStateMachine(TargetPolicy policy, TargetDirectory directory, Authenticator authenticator) {
        this(policy, directory, AccessControl.open(authenticator));
    }

    /** A login whose admission and authentication method depend on the initiator and the target. */
    public LoginStateMachine(TargetPolicy policy, TargetDirectory directory, AccessControl access) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.access = Objects.requireNonNull(access, "access");
        this.assembler = new TextAssembler(policy.maxTextBytes());
    }

    /** True once a step was complete or failed; no further requests are accepted. */
    public boolean finished() {
        return finished;
    }

    /**
     * Decides the response to one Login Request; does not release it.
     *
     * @throws IllegalStateException when the login already completed or failed
     */
    public LoginStep onRequest(LoginRequest request) {
        if (finished) {
            throw new IllegalStateException("login already " + (stage == FULL_FEATURE_PHASE ? "complete" : "failed"));
        }
        LoginStatus headerError = checkHeader(request);
        if (headerError != null) {
            return fail(headerError, request);
        }
        if (pending != null) {
            if (request.data().isReadable() || request.cont()) {
                return fail(LoginStatus.INITIATOR_ERROR, request);
            }
            return nextPiece(request.transit());
        }
        Optional<List<KeyValue>> text;
        try {
            text = assembler.append(request.data(), request.cont());
        } catch (TextFormatException e) {
            return fail(LoginStatus.INITIATOR_ERROR, request);
        }
        if (text.isEmpty()) {
            return new LoginStep(false, false, stage, 0, LoginStatus.SUCCESS, new byte[0], false, false, null);
        }
        return process(request, text.get());
    }

    private LoginStatus checkHeader(LoginRequest request) {
        if (first == null) {
            if (request.versionMin() > VERSION || request.versionMax() < VERSION) {
                return LoginStatus.UNSUPPORTED_VERSION;
            }
            if ((request.isid() >>> 46 & 0x3) == 0x3) {
                return LoginStatus.INITIATOR_ERROR; // ISID type 11b is reserved, RFC 7143 §11.12.5
            }
            if (request.csg() != SECURITY_STAGE && request.csg() != OPERATIONAL_STAGE) {
                return LoginStatus.INITIATOR_ERROR;
            }
            first = request;
            stage = request.csg();
        } else if (request.versionMax() != first.versionMax() || request.versionMin() != first.versionMin()
                || request.isid() != first.isid() || request.tsih() != first.tsih() || request.cid() != first.cid()
                || request.csg() != stage) {
            return LoginStatus.INITIATOR_ERROR;
        }
        if (request.transit()) {
            boolean validNext = request.nsg() == OPERATIONAL_STAGE || request.nsg() == FULL_FEATURE_PHASE;
            if (request.cont() || !validNext || request.nsg() <= request.csg()) {
                return LoginStatus.INITIATOR_ERROR;
            }
        }
        return null;
    }

    private LoginStep process(LoginRequest request, List<KeyValue> keys) {
        boolean firstText = sessionType == null;
        LoginStatus status = firstText ? identify(keys) : sameIdentity(keys);
        if (status != null) {
            return fail(status, request);
        }
        if (firstText && stage == OPERATIONAL_STAGE && !authenticator.methods().contains("None")) {
            return fail(LoginStatus.AUTHENTICATION_FAILURE, request);
        }
        List<KeyValue> securityKeys = new ArrayList<>();
        List<KeyValue> offers = new ArrayList<>();
        for (KeyValue pair : keys) {
            boolean security = stage == SECURITY_STAGE && authenticator.keys().contains(pair.key());
            (security ? securityKeys : offers).add(pair);
        }
        List<KeyValue> response;
        try {
            NegotiationPhase phase = stage == SECURITY_STAGE ? NegotiationPhase.SECURITY : NegotiationPhase.OPERATIONAL;
            response = new ArrayList<>(negotiator.respond(offers, NegotiationContext.login(phase, first.tsih() == 0)));
        } catch (NegotiationException e) {
            return fail(LoginStatus.INITIATOR_ERROR, request);
        }
        if (stage == SECURITY_STAGE) {
            status = authenticate(offers, securityKeys, response);
            if (status != null) {
                return fail(status, request);
            }
        }
        declare(firstText, response);
        boolean ready = stage != SECURITY_STAGE || authenticated();
        if (request.transit() && stage == SECURITY_STAGE && authentication == null && !ready) {
            return fail(LoginStatus.AUTHENTICATION_FAILURE, request);
        }
        pending = new TextContinuation(TextCodec.encode(response));
        pendingTransit = request.transit() && ready;
        pendingNsg = request.nsg();
        return nextPiece(request.transit());
    }

    /** Checks the names of the first complete request; null when the login may go on. */
    private LoginStatus identify(List<KeyValue> keys) {
        String initiatorName = value(keys, NegotiationKey.INITIATOR_NAME);
        if (initiatorName == null) {
            return LoginStatus.MISSING_PARAMETER;
        }
        if (initiatorName.isEmpty() || TextCodec.utf8Length(initiatorName) > 223) {
            return LoginStatus.INITIATOR_ERROR;
        }
        String typeText = value(keys, NegotiationKey.SESSION_TYPE);
        SessionType type = typeText == null ? SessionType.NORMAL : SessionType.of(typeText);
        if (type == null || (type == SessionType.DISCOVERY && !policy.discoveryAllowed())) {
            return LoginStatus.SESSION_TYPE_NOT_SUPPORTED;
        }
        String targetName = value(keys, NegotiationKey.TARGET_NAME);
        if (type == SessionType.NORMAL) {
            if (targetName == null) {
                return LoginStatus.MISSING_PARAMETER;
            }
            Optional<TargetInfo> found = directory.lookup(targetName);
            if (found.isEmpty()) {
                return LoginStatus.NOT_FOUND;
            }
            target = found.get();
        }
        // §11.13.5 0x0202: the initiator may not access this target. Decided on the names alone, before
        // any authentication: an InitiatorName is no secret, and a refused initiator gets no challenge.
        if (!access.admits(initiatorName, type == SessionType.NORMAL ? targetName : null)) {
            return LoginStatus.AUTHORIZATION_FAILURE;
        }
        authenticator = Objects.requireNonNull(access.authenticator(type == SessionType.NORMAL ? targetName : null),
                "authenticator");
        Map<NegotiationKey, String> own = policy.ownValues();
        own.put(NegotiationKey.AUTH_METHOD, String.join(",", authenticator.methods()));
        negotiator = new Negotiator(own);
        sessionType = type;
        identity.put(NegotiationKey.INITIATOR_NAME, initiatorName);
        identity.put(NegotiationKey.SESSION_TYPE, type.text());
        if (targetName != null) {
            identity.put(NegotiationKey.TARGET_NAME, targetName);
        }
        return null;
    }

    /** Later requests may repeat the names, but not change them. */
    private LoginStatus sameIdentity(List<KeyValue> keys) {
        for (KeyValue pair : keys) {
            NegotiationKey key = NegotiationKey.of(pair.key());
            if ((key == NegotiationKey.INITIATOR_NAME || key == NegotiationKey.SESSION_TYPE
                    || key == NegotiationKey.TARGET_NAME) && !pair.value().equals(identity.get(key))) {
                return LoginStatus.INITIATOR_ERROR;
            }
        }
        return null;
    }

    /** AuthMethod outcome and the method's own keys; null when the login may go on. */
    private LoginStatus authenticate(List<KeyValue> offers, List<KeyValue> securityKeys, List<KeyValue> response) {
        if (value(offers, NegotiationKey.AUTH_METHOD) != null) {
            Optional<String> method = negotiator.agreed(NegotiationKey.AUTH_METHOD);
            if (method.isEmpty()) {
                return LoginStatus.AUTHENTICATION_FAILURE; // none of the offered methods is accepted
            }
            authentication = authenticator.begin(method.get(), identity.get(NegotiationKey.INITIATOR_NAME),
                    target == null ? null : target.name());
        }
        if (!securityKeys.isEmpty()) {
            if (authentication == null) {
                return LoginStatus.INITIATOR_ERROR; // method keys before AuthMethod was agreed
            }
            response.addAll(authentication.onKeys(securityKeys));
        }
        if (authentication != null && authentication.state() == Authentication.State.FAILED) {
            return authentication.failure();
        }
        return null;
    }

    private boolean authenticated() {
        return authentication == null
                ? authenticator.methods().contains("None")
                : authentication.state() == Authentication.State.SUCCEEDED;
    }

    private void declare(boolean firstText, List<KeyValue> response) {
        if (firstText && target != null && target.alias() != null) {
            response.add(new KeyValue(NegotiationKey.TARGET_ALIAS.wireName(), target.alias()));
        }
        if (firstText && identity.containsKey(NegotiationKey.TARGET_NAME)) {
            // RFC 7143 §13.9: in the response to the first request with C=0 when TargetName is given.
            response.add(new KeyValue(NegotiationKey.TARGET_PORTAL_GROUP_TAG.wireName(),
                    Integer.toString(policy.targetPortalGroupTag())));
        }
        if (stage == OPERATIONAL_STAGE && !maxRecvDeclared) {
            response.add(new KeyValue(NegotiationKey.MAX_RECV_DATA_SEGMENT_LENGTH.wireName(),
                    Integer.toString(policy.maxRecvDataSegmentLength())));
            maxRecvDeclared = true;
        }
    }

    private LoginStep nextPiece(boolean requestTransit) {
        byte[] piece = pending.next(LOGIN_SEGMENT_LENGTH);
        if (pending.hasRemaining()) {
            return new LoginStep(false, true, stage, 0, LoginStatus.SUCCESS, piece, false, false, null);
        }
        pending = null;
        if (!(pendingTransit && requestTransit)) {
            return new LoginStep(false, false, stage, 0, LoginStatus.SUCCESS, piece, false, false, null);
        }
        int from = stage;
        stage = pendingNsg;
        if (stage != FULL_FEATURE_PHASE) {
            return new LoginStep(true, false, from, stage, LoginStatus.SUCCESS, piece, false, false, null);
        }
        finished = true;
        int targetMaxRecv = maxRecvDeclared ? policy.maxRecvDataSegmentLength()
                : Integer.parseInt(NegotiationKey.MAX_RECV_DATA_SEGMENT_LENGTH.defaultValue());
        OperationalParameters agreed = negotiator.parameters(targetMaxRecv);
        if ((policy.requiresHeaderDigest() && !agreed.headerDigest())
                || (policy.requiresDataDigest() && !agreed.dataDigest())) {
            // The target insists on CRC32C but the keys settled on None (not offered, or answered
            // Reject and left at the default): the session would run unprotected, so the login ends
            // with Initiator Error instead of going to full feature phase (RFC 7143 §11.13.5).
            return LoginStep.failure(LoginStatus.INITIATOR_ERROR, from);
        }
        return new LoginStep(true, false, from, stage, LoginStatus.SUCCESS, piece, true, false, agreed);
    }

    private LoginStep fail(LoginStatus status, LoginRequest request) {
        finished = true;
        return LoginStep.failure(status, stage >= 0 ? stage : request.csg());
    }

    private static String value(List<KeyValue> keys, NegotiationKey key) {
        for (KeyValue pair : keys) {
            if (pair.key().equals(key.wireName())) {
                return pair.value();
            }
        }
        return null;
    }
}
