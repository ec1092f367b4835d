import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { DomainError } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { getSubmission, uploadStaffVersion } from '$lib/server/submissions/service';
import { fileFromForm, fileNameFromRequest, readBodyLimited } from '$lib/server/submissions/http';
import { versionDto } from '$lib/server/submissions/dto';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params }, principal) => {
	const s = await getSubmission(db(), principal, apiIdParam(params.eventId), apiIdParam(params.submissionId));
	return json({ versions: s.versions.map(versionDto) });
});

/**
 * Uploads a version: the raw file as the body (Content-Type application/pdf, application/octet-stream…;
 * the name in ?filename= or X-Filename), or multipart/form-data with a `file` field. Up to 20 MB; the
 * content decides what the file is.
 */
export const POST: RequestHandler = api(async ({ params, request, url }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'submission.review');
	const type = request.headers.get('content-type') ?? '';
	let file;
	if (type.startsWith('multipart/form-data')) {
		file = await fileFromForm(await request.formData());
		if (!file) throw new DomainError('file_required', 'Thiếu trường file trong nội dung gửi lên', { status: 400 });
	} else {
		file = { bytes: await readBodyLimited(request), name: fileNameFromRequest(request, url) };
	}
	const v = await uploadStaffVersion(db(), principal, eventId, apiIdParam(params.submissionId), file, { via: 'api' });
	// approvalReset: an approved internal document went back to “Trình duyệt” (its text changed).
	return json({ ...versionDto(v), approvalReset: v.approvalReset }, { status: 201 });
});
