import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { idParam, requirePrincipal } from '$lib/server/http';
import { isDomainError } from '$lib/server/errors';
import { versionFile } from '$lib/server/submissions/service';
import { fileResponse } from '$lib/server/files/download';
import { downloadName } from '$lib/server/files/inspect';
import { fileStore } from '$lib/server/files/store';
import type { RequestHandler } from './$types';

/** Download of one version (staff with submission.view). */
export const GET: RequestHandler = async (event) => {
	const principal = requirePrincipal(event);
	try {
		const v = await versionFile(db(), principal, idParam(event.params.eventId), idParam(event.params.submissionId), idParam(event.params.versionId));
		return await fileResponse(fileStore(), { sha256: v.sha256, contentType: v.content_type, fileName: downloadName(v.file_name, v.file_kind) });
	} catch (e) {
		if (isDomainError(e)) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
};
