import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { versionFile } from '$lib/server/submissions/service';
import { fileResponse } from '$lib/server/files/download';
import { downloadName } from '$lib/server/files/inspect';
import { fileStore } from '$lib/server/files/store';
import type { RequestHandler } from './$types';

/** The file of one version (attachment; the type decided by its content when stored). */
export const GET: RequestHandler = api(async ({ params }, principal) => {
	const v = await versionFile(db(), principal, apiIdParam(params.eventId), apiIdParam(params.submissionId), apiIdParam(params.versionId));
	return fileResponse(fileStore(), { sha256: v.sha256, contentType: v.content_type, fileName: downloadName(v.file_name, v.file_kind) });
});
