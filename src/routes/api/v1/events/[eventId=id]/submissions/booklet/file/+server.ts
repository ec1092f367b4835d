import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { bookletFile } from '$lib/server/submissions/booklet';
import { fileResponse } from '$lib/server/files/download';
import { fileStore } from '$lib/server/files/store';
import { CONTENT_TYPES } from '$lib/server/files/inspect';
import type { RequestHandler } from './$types';

/** The booklet PDF (the last one, or ?id=). */
export const GET: RequestHandler = api(async ({ params, url }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'submission.view');
	const idRaw = url.searchParams.get('id');
	const b = await bookletFile(db(), principal, eventId, idRaw ? apiIdParam(idRaw) : undefined);
	return fileResponse(fileStore(), { sha256: b.sha256, contentType: CONTENT_TYPES.pdf, fileName: `Tài liệu hội nghị ${b.created_at.toISOString().slice(0, 10)}.pdf` });
});
