import type { ProblemDetail } from '../../../../electron/api/ledger-types';

/** What the problem drawer gives each of its dialogs: the problem, and where its saved detail goes. */
export interface ProblemDialogProps {
  problem: ProblemDetail;
  onClose: () => void;
  onSaved: (problem: ProblemDetail) => void;
}
