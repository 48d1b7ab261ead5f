import QRCode from 'qrcode';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface TotpQrCodeProps {
  uri: string;
}

/** The otpauth URI drawn as a QR code (an SVG data URL shown in an img). */
export function TotpQrCode({ uri }: TotpQrCodeProps): ReactNode {
  const { t } = useTranslation();
  const [src, setSrc] = useState<string>();

  useEffect(() => {
    let active = true;
    QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
      .then((svg) => {
        if (active) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      })
      .catch(() => {
        if (active) setSrc(undefined);
      });
    return () => {
      active = false;
    };
  }, [uri]);

  if (!src) return <div className="qr qr-placeholder" aria-hidden="true" />;
  return <img className="qr" src={src} width={200} height={200} alt={t('auth.enrol.qrAlt')} />;
}
