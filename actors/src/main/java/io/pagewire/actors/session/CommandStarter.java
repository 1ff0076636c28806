package io.pagewire.actors.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pagewire.actors.lu.AccessRules;
import io.pagewire.actors.lu.ControlReply;
import io.pagewire.actors.target.LogicalUnit;
import io.pagewire.actors.target.TargetRuntime;
import io.pagewire.protocol.pdu.ScsiCommand;
import io.pagewire.protocol.scsi.ScsiStatus;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.streams.commands.CommandPlan;
import io.pagewire.streams.commands.CommandRequest;
import io.pagewire.streams.commands.AbsentUnit;
import io.pagewire.streams.commands.CommandTable;
import io.pagewire.streams.pipeline.IoRequest;
import io.pagewire.streams.commands.ExtendedCopyList;
import io.pagewire.streams.commands.LogicalUnitInfo;
import java.util.ArrayList;
import java.util.List;
import io.pagewire.streams.commands.ControlRequest;
import io.pagewire.streams.commands.ModeSense;
import io.pagewire.streams.commands.RequestSense;
import io.pagewire.streams.commands.WriteCache;
import io.pagewire.protocol.scsi.ScsiOpcode;

/**
 * Turns one SCSI Command PDU into its outcome: asks the command table for a plan, then either
 * answers at once or starts the task that moves the data. Residuals follow RFC 7143 §11.4.5:
 * the bytes the CDB moves against the Expected Data Transfer Length.
 */
final class CommandStarter {
    private final TaskHost host;
    private final WriteTask.TttSource ttts;
    private final CommandTable commands;
    private final TargetRuntime target;
    private final java.util.function.Consumer<Task> register;
    private final CopyStatusBook copies = new CopyStatusBook();
    private final ControlGate gate;
    private final java.util.function.ToIntFunction<Task> controlTtts;
    private final ControlPort control;

    /** Hands a control command with its parameter list to the LU's control actor; the reply goes to the task. */
    interface ControlPort {
        void ask(LogicalUnit lu, ControlRequest request, ControlTask task, byte[] parameters);
    }

    CommandStarter(TaskHost host, WriteTask.TttSource ttts, CommandTable commands, TargetRuntime target,
                   java.util.function.Consumer<Task> register) {
        this(host, ttts, commands, target, register, null, null, null);
    }

    /**
     * @param gate        this session's view of each LU's control state (unit attentions, reservations); null: none
     * @param controlTtts allocates Target Transfer Tags for parameter-list R2Ts
     * @param control     asks an LU's control actor
     */
    CommandStarter(TaskHost host, WriteTask.TttSource ttts, CommandTable commands, TargetRuntime target,
                   java.util.function.Consumer<Task> register, ControlGate gate,
                   java.util.function.ToIntFunction<Task> controlTtts, ControlPort control) {
        this.host = host;
        this.ttts = ttts;
        this.commands = commands;
        this.target = target;
        this.register = register;
        this.gate = gate;
        this.controlTtts = controlTtts;
        this.control = control;
    }

    /** Takes ownership of the PDU (its immediate data). */
    void start(ScsiCommand cmd) {
        LogicalUnit lu = target.lun(cmd.lun());
        if (lu != null && gate != null && !admitted(cmd, lu)) {
            return;
        }
        CommandRequest request = new CommandRequest(cmd.cdb(), cmd.edtl(), cmd.read(), cmd.write());
        CommandPlan plan = lu != null ? commands.dispatch(lu.info(), request)
                : AbsentUnit.plan(target.lunNumbers(), request);
        if (lu != null && gate != null) {
            // Caching mode page WCE = 0 (configured, or cleared by MODE SELECT): every command that
            // writes the medium is forced to it before status, as with FUA (SBC-3 §6.4.5).
            plan = WriteCache.apply(plan, gate.mode(lu).writeCacheEnabled());
        }
        if (lu != null && gate != null && request.opcode() == ScsiOpcode.REQUEST_SENSE.code()
                && plan instanceof CommandPlan.Respond) {
            // SPC-4 §6.29: a pending unit attention is what REQUEST SENSE reports, and reporting it clears it.
            SenseData attention = gate.takeUnitAttention(lu);
            if (attention == null) {
                // SBC-3 §4.11: during a sanitize REQUEST SENSE reports its progress; after a failed one, the failure.
                attention = gate.sanitizeSense(lu);
            }
            if (attention != null) {
                plan = RequestSense.reporting(request, attention);
            }
        }
        if (lu != null && gate != null && isModeSense(request.opcode())) {
            // The table reports default mode pages; this LU's current and saved ones come from its control state.
            boolean refusedForItsCdb = plan instanceof CommandPlan.CheckCondition c
                    && c.sense().code() != SenseCode.SAVING_PARAMETERS_NOT_SUPPORTED;
            if (!refusedForItsCdb) {
                plan = ModeSense.sense(lu.info(), request, gate.mode(lu), gate.savedMode(lu));
            }
        }
        // The R and W bits say which way the initiator expects data; the other direction expects none.
        long edtlIn = cmd.read() ? cmd.edtl() : 0;
        long edtlOut = cmd.write() ? cmd.edtl() : 0;
        if (plan instanceof CommandPlan.Respond respond) {
            respond(cmd, respond.dataIn(), edtlIn);
        } else if (plan instanceof CommandPlan.CheckCondition check) {
            fail(cmd, check.sense(), Residual.NONE);
        } else if (plan instanceof CommandPlan.Flush) {
            FlushTask task = new FlushTask(host, cmd.itt(), Residual.of(0, cmd.edtl()));
            cmd.release();
            register.accept(task);
            task.start(lu);
        } else if (plan instanceof CommandPlan.ReadBlocks read) {
            startRead(cmd, lu, read, edtlIn);
        } else if (plan instanceof CommandPlan.WriteBlocks write) {
            startWrite(cmd, lu, write, edtlOut);
        } else if (plan instanceof CommandPlan.WriteSame writeSame) {
            startWriteSame(cmd, lu, writeSame, edtlOut);
        } else if (plan instanceof CommandPlan.ReceiveParameterList receive) {
            startParameterList(cmd, lu, receive, edtlOut);
        } else if (plan instanceof CommandPlan.LbaStatus status) {
            cmd.release();
            LbaStatusTask task = new LbaStatusTask(host, cmd.itt(), cmd.lun(), lu, status.lba(),
                    status.allocationLength(), edtlIn);
            register.accept(task);
            task.start();
        } else if (plan instanceof CommandPlan.DataOutOperation operation) {
            startDataOutOperation(cmd, lu, operation, edtlOut);
        } else if (plan instanceof CommandPlan.ExtendedCopy copy) {
            startExtendedCopy(cmd, lu, copy, edtlOut);
        } else if (plan instanceof CommandPlan.CopyStatus status) {
            CommandPlan answer = copies.answer(status);
            if (answer instanceof CommandPlan.Respond respond) {
                respond(cmd, respond.dataIn(), edtlIn);
            } else {
                fail(cmd, ((CommandPlan.CheckCondition) answer).sense(), Residual.NONE);
            }
        } else if (plan instanceof CommandPlan.Control c) {
            startControl(cmd, lu, c, edtlIn, edtlOut);
        } else {
            throw new IllegalStateException("unhandled plan " + plan);
        }
    }

    private static boolean isModeSense(int opcode) {
        return opcode == ScsiOpcode.MODE_SENSE_6.code() || opcode == ScsiOpcode.MODE_SENSE_10.code();
    }

    /**
     * Unit attention first, then a sanitize in progress or failed, then reservations (SAM-5 §5.14,
     * SBC-3 §4.11, SPC-4 §5.13.1), all decided from this session's view of the LU's control state.
     * False when the command was answered here.
     */
    private boolean admitted(ScsiCommand cmd, LogicalUnit lu) {
        int opcode = cmd.cdb().length == 0 ? 0 : cmd.cdb()[0] & 0xFF;
        SenseData attention = gate.unitAttention(lu, opcode);
        if (attention != null) {
            fail(cmd, attention, Residual.NONE);
            return false;
        }
        SenseData sanitize = gate.sanitizeRefusal(lu, opcode);
        if (sanitize != null) {
            // A sanitize in progress or its failure mode (SBC-3 §4.11), for every nexus alike.
            fail(cmd, sanitize, Residual.NONE);
            return false;
        }
        if (gate.conflicts(lu, opcode)) {
            answerWithoutData(cmd, lu, ControlReply.conflict());
            return false;
        }
        if (!gate.mediumPresent(lu) && AccessRules.needsMedium(opcode)) {
            fail(cmd, SenseData.of(SenseCode.MEDIUM_NOT_PRESENT), Residual.NONE);
            return false;
        }
        if (AccessRules.writesMedium(opcode) && gate.mode(lu).softwareWriteProtect()) {
            // Control mode page SWP = 1 (SPC-4 §7.5.8): the medium is write-protected.
            fail(cmd, SenseData.of(SenseCode.SOFTWARE_WRITE_PROTECTED), Residual.NONE);
            return false;
        }
        return true;
    }

    /** Answers {@code reply} at once, or after absorbing the unsolicited data the initiator still sends. */
    private void answerWithoutData(ScsiCommand cmd, LogicalUnit lu, ControlReply reply) {
        ByteBuf immediate = cmd.data().retain();
        cmd.release();
        if (expectsUnsolicitedData(cmd, immediate)) {
            ControlTask drain = new ControlTask(host, controlTtts, cmd.itt(), cmd.lun(), 0, cmd.edtl(), 0, immediate,
                    !cmd.finalFlag(), null, reply, Residual.NONE);
            register.accept(drain);
            drain.start();
            return;
        }
        immediate.release();
        host.wire().response(cmd.itt(), reply.status(), Unpooled.EMPTY_BUFFER, Residual.NONE, 0);
    }

    /**
     * A command for the LU's control actor: its parameter list (PARAMETER LIST LENGTH bytes, which
     * the initiator must send: a shorter EDTL is INVALID FIELD IN COMMAND INFORMATION UNIT) is
     * collected by a {@link ControlTask}, which then asks and answers.
     */
    private void startControl(ScsiCommand cmd, LogicalUnit lu, CommandPlan.Control c, long edtlIn, long edtlOut) {
        if (lu.control() == null || control == null) {
            fail(cmd, SenseData.of(SenseCode.INVALID_COMMAND_OPERATION_CODE), Residual.NONE);
            return;
        }
        int length = c.parameterLength();
        if (edtlOut < length) {
            fail(cmd, SenseData.of(SenseCode.INVALID_FIELD_IN_COMMAND_INFORMATION_UNIT), Residual.of(length, edtlOut));
            return;
        }
        ControlRequest request = c.request();
        ControlTask task = new ControlTask(host, controlTtts, cmd.itt(), cmd.lun(), edtlIn, edtlOut, length,
                cmd.data().retain(), !cmd.finalFlag(), (t, parameters) -> control.ask(lu, request, t, parameters),
                null, Residual.of(length, edtlOut));
        cmd.release();
        register.accept(task);
        task.start();
    }

    /** Sends min(EDTL, bytes) and never a byte past EDTL (RFC 7143 §11.4.5.1). */
    private void startRead(ScsiCommand cmd, LogicalUnit lu, CommandPlan.ReadBlocks read, long edtl) {
        long bytes = read.blocks() * lu.info().geometry().blockSize();
        long sending = Math.min(bytes, edtl);
        Residual residual = Residual.of(bytes, edtl);
        if (sending == 0) {
            complete(cmd, null, residual);
            return;
        }
        cmd.release();
        ReadTask task = new ReadTask(host, cmd.itt(), cmd.lun(), lu, read.lba() * lu.info().geometry().blockSize(),
                sending, residual);
        register.accept(task);
        task.start();
    }

    /**
     * Writes min(EDTL, bytes) when that is whole blocks; a partial block is never written: the
     * command then fails with INVALID FIELD IN COMMAND INFORMATION UNIT, residual still reported.
     */
    private void startWrite(ScsiCommand cmd, LogicalUnit lu, CommandPlan.WriteBlocks write, long edtl) {
        int blockSize = lu.info().geometry().blockSize();
        long bytes = write.blocks() * blockSize;
        Residual residual = Residual.of(bytes, edtl);
        long writing = Math.min(bytes, edtl);
        if (writing % blockSize != 0) {
            fail(cmd, SenseData.of(SenseCode.INVALID_FIELD_IN_COMMAND_INFORMATION_UNIT), residual);
            return;
        }
        WriteTask task = new WriteTask(host, ttts, cmd.itt(), cmd.lun(), lu, write.lba() * blockSize, writing,
                cmd.write() ? cmd.edtl() : 0, write.fua(), residual, null, cmd.data().retain(), !cmd.finalFlag());
        cmd.release();
        register.accept(task);
        task.start();
    }

    /**
     * WRITE SAME: the Data-Out buffer is exactly one block, or empty with NDOB (SBC-3 §5.42); any
     * other Expected Data Transfer Length fails before data is solicited (libiscsi's
     * InvalidDataOutSize), and unsolicited data is absorbed.
     */
    private void startWriteSame(ScsiCommand cmd, LogicalUnit lu, CommandPlan.WriteSame plan, long edtl) {
        int blockSize = lu.info().geometry().blockSize();
        long dataOut = plan.ndob() ? 0 : blockSize;
        Residual residual = Residual.of(dataOut, edtl);
        if (edtl != dataOut) {
            fail(cmd, SenseData.of(SenseCode.INVALID_FIELD_IN_COMMAND_INFORMATION_UNIT), residual);
            return;
        }
        long byteOffset = plan.lba() * blockSize;
        long byteLength = plan.blocks() * blockSize;
        if (plan.ndob()) {
            startDeallocate(cmd, lu, new DeallocateTask(host, cmd.itt(), cmd.lun(),
                    List.of(new IoRequest.Range(byteOffset, byteLength)), plan.fua(), residual));
            return;
        }
        WriteTask task = new WriteTask(host, ttts, cmd.itt(), cmd.lun(), lu, byteOffset, blockSize, edtl, plan.fua(),
                residual, null, cmd.data().retain(), !cmd.finalFlag(),
                new WriteSameSink(byteOffset, byteLength, plan.unmap(), plan.fua()));
        cmd.release();
        register.accept(task);
        task.start();
    }

    private void startDeallocate(ScsiCommand cmd, LogicalUnit lu, DeallocateTask task) {
        cmd.release();
        register.accept(task);
        task.start(lu);
    }

    /**
     * A parameter list (UNMAP): min(length, EDTL) bytes come through the usual Data-Out path into
     * leased pages; the command layer decides once they are in.
     */
    private void startParameterList(ScsiCommand cmd, LogicalUnit lu, CommandPlan.ReceiveParameterList plan,
                                    long edtl) {
        Residual residual = Residual.of(plan.length(), edtl);
        int receiving = (int) Math.min(plan.length(), edtl);
        if (receiving == 0) {
            CommandPlan decided = plan.then().plan(lu.info(), new byte[0]);
            fail(cmd, decided instanceof CommandPlan.CheckCondition check ? check.sense()
                    : SenseData.of(SenseCode.PARAMETER_LIST_LENGTH_ERROR), residual);
            return;
        }
        WriteTask task = new WriteTask(host, ttts, cmd.itt(), cmd.lun(), lu, 0, receiving, edtl, false, residual,
                null, cmd.data().retain(), !cmd.finalFlag(), new ParameterListSink(receiving, plan.then()));
        cmd.release();
        register.accept(task);
        task.start();
    }

    /**
     * EXTENDED COPY (LID1): min(PARAMETER LIST LENGTH, EDTL) bytes come through the usual Data-Out path;
     * once they are in, {@link ExtendedCopyList} decides against this target's LUs, and a good list
     * hands the tag to a {@link CopyTask} that answers when the last block is written.
     */
    private void startExtendedCopy(ScsiCommand cmd, LogicalUnit lu, CommandPlan.ExtendedCopy plan, long edtl) {
        Residual residual = Residual.of(plan.parameterListLength(), edtl);
        int receiving = (int) Math.min(plan.parameterListLength(), edtl);
        if (receiving == 0) {
            fail(cmd, SenseData.of(SenseCode.PARAMETER_LIST_LENGTH_ERROR), residual);
            return;
        }
        int itt = cmd.itt();
        long lun = cmd.lun();
        ExtendedCopySink sink = new ExtendedCopySink(receiving, (task, list) -> decideCopy(task, list, itt, lun,
                residual));
        WriteTask task = new WriteTask(host, ttts, itt, lun, lu, 0, receiving, edtl, false, residual, null,
                cmd.data().retain(), !cmd.finalFlag(), sink);
        cmd.release();
        register.accept(task);
        task.start();
    }

    /**
     * A divisible operation (VERIFY, WRITE AND VERIFY) takes min(EDTL, bytes) as a WRITE does. The
     * others need all their Data-Out: less is INVALID FIELD IN COMMAND INFORMATION UNIT, and COMPARE AND
     * WRITE, whose Data-Out is exactly its two halves (SBC-3 §5.2), refuses more as well.
     */
    private void startDataOutOperation(ScsiCommand cmd, LogicalUnit lu, CommandPlan.DataOutOperation plan, long edtl) {
        int blockSize = lu.info().geometry().blockSize();
        long bytes = plan.dataOutBlocks() * blockSize;
        Residual residual = Residual.of(bytes, edtl);
        IoRequest.Operation op = plan.operation();
        long taking = Math.min(bytes, edtl);
        boolean refused = op == IoRequest.Operation.COMPARE_AND_WRITE ? edtl != bytes
                : op.divisible() ? taking % blockSize != 0 : edtl < bytes;
        if (refused) {
            fail(cmd, SenseData.of(SenseCode.INVALID_FIELD_IN_COMMAND_INFORMATION_UNIT), residual);
            return;
        }
        long mediumLength = op == IoRequest.Operation.COMPARE_EACH_BLOCK ? plan.blocks() * blockSize : -1;
        WriteTask task = new WriteTask(host, ttts, cmd.itt(), cmd.lun(), lu, plan.lba() * blockSize, taking,
                cmd.write() ? cmd.edtl() : 0, plan.fua(), residual, null, cmd.data().retain(), !cmd.finalFlag(),
                op, mediumLength);
        cmd.release();
        register.accept(task);
        task.start();
    }

    private void decideCopy(WriteTask receiver, byte[] list, int itt, long lun, Residual residual) {
        List<LogicalUnitInfo> units = new ArrayList<>();
        target.luns().values().forEach(unit -> units.add(unit.info()));
        ExtendedCopyList.Decision decision = ExtendedCopyList.decode(list, units);
        if (decision instanceof ExtendedCopyList.Refused refused) {
            receiver.fail(refused.sense());
            return;
        }
        ExtendedCopyList.Copy copy = (ExtendedCopyList.Copy) decision;
        List<CopyTask.Step> steps = new ArrayList<>();
        for (ExtendedCopyList.Segment s : copy.segments()) {
            int blockSize = s.source().geometry().blockSize();
            LogicalUnit destination = target.luns().get(s.destination().lun());
            // The destination's WCE decides whether its writes are forced to the medium (SBC-3 §6.4.5).
            boolean durable = WriteCache.durable(false, gate == null || gate.mode(destination).writeCacheEnabled());
            steps.add(new CopyTask.Step(target.luns().get(s.source().lun()), s.sourceLba() * blockSize,
                    destination, s.destinationLba() * blockSize, s.blocks() * blockSize, durable));
        }
        CopyTask.Outcome outcome = (withErrors, segments, bytes) -> {
            if (copy.holdStatus()) {
                copies.record(copy.listId(), withErrors, segments, bytes);
            }
        };
        receiver.handOff(() -> {
            CopyTask task = new CopyTask(host, itt, lun, steps, residual, outcome);
            register.accept(task);
            task.start();
        });
    }

    private void respond(ScsiCommand cmd, byte[] data, long edtl) {
        int n = (int) Math.min(data.length, edtl);
        Residual residual = Residual.of(data.length, edtl);
        if (n == 0 || cmd.write()) {
            complete(cmd, null, residual);
            return;
        }
        cmd.release();
        sendData(host, cmd.lun(), cmd.itt(), data, edtl);
    }

    /** Parameter data as Data-In, the last PDU carrying GOOD status (phase collapse), cut to the EDTL. */
    static void sendData(TaskHost host, long lun, int itt, byte[] data, long edtl) {
        int n = (int) Math.min(data.length, edtl);
        Residual residual = Residual.of(data.length, edtl);
        int maxPdu = host.parameters().maxSendDataSegment();
        ByteBuf all = Unpooled.wrappedBuffer(data, 0, n);
        int dataSn = 0;
        for (int offset = 0; offset < n; offset += maxPdu) {
            int len = Math.min(maxPdu, n - offset);
            if (offset + len == n) {
                host.wire().dataInWithStatus(lun, itt, dataSn, offset, all.retainedSlice(offset, len), residual);
            } else {
                host.wire().dataIn(lun, itt, dataSn++, offset, all.retainedSlice(offset, len), false);
            }
        }
        all.release();
    }

    private void fail(ScsiCommand cmd, SenseData sense, Residual residual) {
        complete(cmd, sense, residual);
    }

    /**
     * Answers a command that moves no data to the initiator: at once, or — when the initiator is
     * still sending unsolicited data this command will not use — after absorbing that data.
     */
    private void complete(ScsiCommand cmd, SenseData sense, Residual residual) {
        ByteBuf immediate = cmd.data().retain();
        cmd.release();
        if (expectsUnsolicitedData(cmd, immediate)) {
            WriteTask drain = new WriteTask(host, ttts, cmd.itt(), cmd.lun(), null, 0, 0, cmd.edtl(), false,
                    residual, sense, immediate, !cmd.finalFlag());
            register.accept(drain);
            drain.start();
            return;
        }
        immediate.release();
        if (sense != null) {
            host.checkCondition(cmd.itt(), sense, residual);
        } else {
            host.wire().response(cmd.itt(), ScsiStatus.GOOD.value(), Unpooled.EMPTY_BUFFER, residual, 0);
        }
    }

    /** With InitialR2T=No the initiator sends up to FirstBurstLength unsolicited, whatever we answer. */
    private boolean expectsUnsolicitedData(ScsiCommand cmd, ByteBuf immediate) {
        SessionParameters p = host.parameters();
        if (!cmd.write() || p.initialR2t() || cmd.finalFlag()) {
            return false;
        }
        return immediate.readableBytes() < Math.min(p.firstBurstLength(), cmd.edtl());
    }
}
