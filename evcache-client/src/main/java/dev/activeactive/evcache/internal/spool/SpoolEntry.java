package dev.activeactive.evcache.internal.spool;

/**
 * One record read from a {@link DiskSpool}; pass it to {@link DiskSpool#acknowledge(SpoolEntry)} once delivered.
 *
 * @param payload the record's bytes
 * @param position where the record starts
 * @param next where the following record starts (acknowledging this entry moves the spool's start there)
 * @param ordinal the record's number in the current session, to count acknowledged records
 */
public record SpoolEntry(byte[] payload, SpoolPosition position, SpoolPosition next, long ordinal) {}
