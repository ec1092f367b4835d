/**
 * Registers the 'invitation_pdf' attachment renderer ({ delegateId }): mails attach the letter rendered
 * when they are sent, from the data of that moment. Imported by boot.ts, so the worker has it before the
 * first mail, whichever page was opened first (or none, after a restart).
 */
import { registerAttachmentRenderer } from '$lib/server/mail/attachments';
import { renderLetterById } from './letter';

registerAttachmentRenderer('invitation_pdf', async (db, params) => {
	const id = Number(params.delegateId);
	if (!Number.isSafeInteger(id) || id <= 0) throw new Error('Thiếu mã đại biểu của giấy mời');
	return renderLetterById(db, id);
});
