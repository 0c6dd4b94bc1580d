import { createServer } from 'node:http';
import { FluxaClient } from '@fluxa/client';

const fluxa = new FluxaClient({
  url: process.env.FLUXA_URL ?? '',
  apiKey: process.env.FLUXA_API_KEY ?? '',
  // Nothing is dropped silently: log what the service refused, or could not be reached for.
  onUndelivered: (events) => {
    for (const { event, outcome, error } of events) {
      console.error(`fluxa: ${event.event_id} not delivered (${outcome}): ${error.message}`);
    }
  },
});

// A checkout endpoint: each paid order becomes an event, sent in the background in batches.
const server = createServer(async (request, response) => {
  let body = '';
  for await (const chunk of request) body += chunk;
  const order = JSON.parse(body) as { customer: string; total: number; currency: string };
  const eventId = await fluxa.enqueue({
    user_id: order.customer,
    amount: order.total,
    currency: order.currency,
    merchant: 'checkout-service',
    timestamp: new Date().toISOString(),
  }); // waits only while the buffer is full (Fluxa slow or away): backpressure, not memory
  response.writeHead(201, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ event_id: eventId }));
});
server.listen(Number(process.env.PORT ?? 3000), () => {
  console.log(JSON.stringify({ msg: 'listening', address: server.address() }));
});

// On shutdown: stop taking requests, then send everything still buffered before exiting.
process.once('SIGTERM', async () => {
  server.close();
  const { delivered, undelivered } = await fluxa.close();
  console.log(JSON.stringify({ msg: 'fluxa: flushed on shutdown', delivered, undelivered }));
  process.exit(undelivered > 0 ? 1 : 0);
});
