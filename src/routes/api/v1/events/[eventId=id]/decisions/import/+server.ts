import { json } from '@sveltejs/kit';
import { api, apiIdParam, isId, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { DomainError, invalid } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { commitAwardImport, getAwardImport, previewAwardImport } from '$lib/server/awards/service';
import { parseDecisionInput } from '$lib/server/awards/schema';
import { MAX_FILE_BYTES } from '$lib/server/sheets';
import type { RequestHandler } from './$types';

/**
 * Import of the list attached to a decision, all or nothing, in two steps:
 * 1. the file → the preview (201, importId): either the file's bytes as the body (any non-JSON content type,
 *    `?filename=…&decisionId=…`), or multipart/form-data with `file` and optional `decisionId` (a multipart body
 *    is a form to SvelteKit's CSRF check: send `Origin` with the server's own origin);
 * 2. JSON { importId, decisionId } or { importId, decision: {…} } → imports every row in one transaction
 *    (refused with import_has_errors while a row has an error).
 */
export const POST: RequestHandler = api(async ({ params, request, url }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'award.edit');
	const type = request.headers.get('content-type') ?? '';
	if (type.startsWith('multipart/form-data')) {
		const form = await request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) throw invalid({ file: 'Chọn tệp .xlsx hoặc .csv' });
		const decisionId = form.get('decisionId') ? apiIdParam(String(form.get('decisionId'))) : null;
		const view = await previewAwardImport(db(), principal, eventId, new Uint8Array(await file.arrayBuffer()), file.name, { decisionId });
		return json(view, { status: 201 });
	}
	if (!type.startsWith('application/json')) {
		const declared = Number(request.headers.get('content-length') ?? 0);
		if (declared > MAX_FILE_BYTES + 64 * 1024) throw new DomainError('too_large', 'Tệp quá lớn: giới hạn là 10 MB', { status: 413 });
		const bytes = new Uint8Array(await request.arrayBuffer());
		if (!bytes.length) throw invalid({ file: 'Gửi tệp .xlsx hoặc .csv (nội dung yêu cầu), hoặc JSON { importId } để nhập' });
		const decisionId = url.searchParams.get('decisionId') ? apiIdParam(url.searchParams.get('decisionId')!) : null;
		const view = await previewAwardImport(db(), principal, eventId, bytes, url.searchParams.get('filename') ?? 'danh-sach', { decisionId });
		return json(view, { status: 201 });
	}
	const body = await readJsonObject(request);
	const importId = Number(body.importId);
	if (!isId(importId)) throw invalid({ importId: 'Gửi tệp (multipart) để xem trước, hoặc { importId } để nhập' });
	if (body.decisionId != null) {
		const res = await commitAwardImport(db(), principal, eventId, importId, { decisionId: apiIdParam(String(body.decisionId)) });
		return json(res);
	}
	if (!body.decision || typeof body.decision !== 'object') {
		const view = await getAwardImport(db(), principal, eventId, importId);
		if (view.committed) throw new DomainError('import_already_committed', 'Danh sách này đã được nhập', { status: 409 });
		throw invalid({ decision: 'Gửi decisionId (quyết định có sẵn) hoặc decision (quyết định mới)' });
	}
	const res = await commitAwardImport(db(), principal, eventId, importId, { decision: parseDecisionInput(body.decision as Record<string, unknown>) });
	return json(res);
});
