// The verification pages, loaded together on first use (see app/routes.tsx).
export { VerificationRoundPage } from './VerificationRoundPage';
export { VerificationRoundsPage } from './VerificationRoundsPage';
export { VerifyLinkPage } from './VerifyLinkPage';
