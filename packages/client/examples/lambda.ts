import { FluxaClient, type UndeliveredEvent } from '@fluxa/client';

/** What this function is invoked with: payments from your own system. */
interface Payment {
  id: string;
  customerId: string;
  amountCents: number;
  currency: string;
  shop: string;
  paidAt: string;
}

// Built once per container and reused by every invocation (keep-alive connections).
const undelivered: UndeliveredEvent[] = [];
const fluxa = new FluxaClient({
  url: process.env.FLUXA_URL ?? '',
  apiKey: process.env.FLUXA_API_KEY ?? '',
  retryDeadlineMs: 10_000, // well inside the function's timeout
  onUndelivered: (events) => undelivered.push(...events),
});

export async function handler(input: { payments: Payment[] }): Promise<{ sent: number }> {
  undelivered.length = 0;
  for (const payment of input.payments) {
    await fluxa.enqueue({
      event_id: `payment-${payment.id}`, // your own id: a retried invocation is a duplicate, stored once
      user_id: payment.customerId,
      amount: payment.amountCents / 100,
      currency: payment.currency,
      merchant: payment.shop,
      timestamp: payment.paidAt,
    });
  }
  // Send before returning: a frozen container sends nothing.
  const report = await fluxa.flush();
  if (report.undelivered > 0) {
    const reasons = undelivered.map(
      ({ event, outcome, error }) => `${event.event_id} ${outcome}: ${error.message}`,
    );
    throw new Error(`${report.undelivered} payment(s) not sent to Fluxa:\n${reasons.join('\n')}`);
  }
  return { sent: report.delivered };
}
