/** Vietnamese labels of tham luận states (sent to pages in load data). */
import type { EventKind } from '$lib/server/db/foundation-tables';
import type { Decision, DocStatus, PaperStatus, SubmissionKind } from './tables';

export const PAPER_STATUS_LABELS: Record<PaperStatus | 'none', string> = {
	none: 'Chưa nộp',
	submitted: 'Đã nộp, chờ xem xét',
	presented: 'Chọn trình bày',
	printed: 'In trong tài liệu',
	revision: 'Trả lại để sửa',
	rejected: 'Không sử dụng'
};

export const DECISION_LABELS: Record<Decision, string> = {
	presented: 'Chọn trình bày tại hội nghị',
	printed: 'Chỉ in trong tài liệu',
	revision: 'Trả lại để sửa',
	rejected: 'Không sử dụng'
};

export const DOC_STATUS_LABELS: Record<DocStatus, string> = {
	draft: 'Dự thảo',
	for_approval: 'Trình duyệt',
	approved: 'Đã duyệt'
};

export function kindLabel(kind: SubmissionKind, eventKind: EventKind = 'tong_ket'): string {
	switch (kind) {
		case 'tham_luan':
			return 'Tham luận';
		case 'main_report':
			return eventKind === 'so_ket' ? 'Báo cáo sơ kết' : eventKind === 'tong_ket' ? 'Báo cáo tổng kết' : 'Báo cáo chính';
		case 'directing_speech':
			return 'Bài phát biểu chỉ đạo';
		case 'opening_speech':
			return 'Bài phát biểu khai mạc';
	}
}
