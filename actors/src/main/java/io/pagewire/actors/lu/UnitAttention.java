package io.pagewire.actors.lu;

import io.pagewire.protocol.scsi.SenseCode;

/**
 * One unit attention condition owed to one I_T nexus (SAM-5 §5.14). {@code id} grows per logical
 * unit, so a session that has reported it can say which ones it has cleared even when a newer view
 * is already on its way.
 */
public record UnitAttention(long id, SenseCode code) {
}
