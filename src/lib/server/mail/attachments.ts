/**
 * Attachments are rendered when a mail is sent, from a named renderer and its parameters, so the outbox
 * never stores PDFs and a letter reflects the data at sending time. Capabilities register their renderers
 * (e.g. 'invitation_pdf') at import time.
 */
import type { Executor } from '$lib/server/db';

export type AttachmentRenderer = (db: Executor, params: Record<string, unknown>) => Promise<Uint8Array>;

const renderers = new Map<string, AttachmentRenderer>();

export function registerAttachmentRenderer(name: string, fn: AttachmentRenderer): void {
	renderers.set(name, fn);
}

export function attachmentRenderer(name: string): AttachmentRenderer | undefined {
	return renderers.get(name);
}
