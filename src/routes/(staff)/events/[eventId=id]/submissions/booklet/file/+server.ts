import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requirePrincipal, idParam } from '$lib/server/http';
import { isDomainError } from '$lib/server/errors';
import { bookletFile } from '$lib/server/submissions/booklet';
import { fileResponse } from '$lib/server/files/download';
import { fileStore } from '$lib/server/files/store';
import { CONTENT_TYPES } from '$lib/server/files/inspect';
import type { RequestHandler } from './$types';

/** Download of the last generated booklet (or ?id= of an earlier one of this event). */
export const GET: RequestHandler = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const idRaw = event.url.searchParams.get('id');
	try {
		const b = await bookletFile(db(), principal, eventId, idRaw ? idParam(idRaw) : undefined);
		const stamp = b.created_at.toISOString().slice(0, 10);
		return await fileResponse(fileStore(), { sha256: b.sha256, contentType: CONTENT_TYPES.pdf, fileName: `Tài liệu hội nghị ${stamp}.pdf` });
	} catch (e) {
		if (isDomainError(e)) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
};
