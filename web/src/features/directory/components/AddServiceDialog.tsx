import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { Dialog, DialogActions } from '../../../shared/ui/Dialog';
import { FieldErrors, FormProblem } from '../../../shared/ui/problem';
import { TextField } from '../../../shared/ui/TextField';
import { OrganisationPicker } from '../../accounts/components/OrganisationPicker';
import {
  serviceKinds,
  type OrganisationDetail,
  type OrganisationSummary,
  type ServiceKind,
} from '../types';
import { useCreateService } from '../useDirectory';

interface AddServiceDialogProps {
  provider: OrganisationDetail;
  onClose: () => void;
}

/** Records that this provider delivers a service to a customer. */
export function AddServiceDialog({ provider, onClose }: AddServiceDialogProps): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const [customer, setCustomer] = useState<OrganisationSummary>();
  const [service, setService] = useState<ServiceKind>('network');
  const [description, setDescription] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const mutation = useCreateService();

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    setSubmitted(true);
    if (!customer) return;
    mutation.mutate(
      {
        provider_id: provider.id,
        customer_id: customer.id,
        service,
        description: description.trim() || null,
      },
      { onSuccess: onClose },
    );
  }

  return (
    <Dialog title={t('services.addTitle')} onClose={onClose}>
      <form onSubmit={onSubmit} className="stack" noValidate>
        <FormProblem error={mutation.error} fields={['customer_id', 'service', 'description']} />
        <OrganisationPicker
          label={t('services.customer')}
          value={customer}
          clientErrors={submitted && !customer ? [t('errors.field.required')] : []}
          onChange={setCustomer}
        />
        <FieldErrors id={`${id}-customer-errors`} error={mutation.error} field="customer_id" />
        <div className="field">
          <label htmlFor={`${id}-service`}>{t('services.service')}</label>
          <select
            id={`${id}-service`}
            value={service}
            onChange={(e) => setService(e.target.value as ServiceKind)}
          >
            {serviceKinds.map((s) => (
              <option key={s} value={s}>
                {t(`service.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <TextField
          label={t('services.description')}
          name="description"
          value={description}
          maxLength={500}
          error={mutation.error}
          onValueChange={setDescription}
        />
        <DialogActions busy={mutation.isPending} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
