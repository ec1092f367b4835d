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

/** "còn 3 ngày 4 giờ", "còn 5 giờ 12 phút", "còn 8 phút", or "đã quá hạn". */
export function timeLeftText(until: Date, now = new Date()): string {
	const ms = until.getTime() - now.getTime();
	if (ms <= 0) return 'đã quá hạn';
	const minutes = Math.floor(ms / 60_000);
	const days = Math.floor(minutes / 1440);
	const hours = Math.floor((minutes % 1440) / 60);
	const mins = minutes % 60;
	if (days > 0) return `còn ${days} ngày${hours ? ` ${hours} giờ` : ''}`;
	if (hours > 0) return `còn ${hours} giờ${mins ? ` ${mins} phút` : ''}`;
	return `còn ${Math.max(1, mins)} phút`;
}
