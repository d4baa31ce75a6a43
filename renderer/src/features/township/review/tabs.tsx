import { ReviewTab } from './review-tab';

/** The 审核意见 tab (docs/domain.md §11), for the township page's tab array. */
export const townshipReviewTabs = [{ key: 'review', label: '审核意见', children: <ReviewTab /> }];
