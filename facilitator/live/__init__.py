"""The real-time machinery: the one broadcaster, snapshots, connection caps, outgoing queues, the work order, join batches."""
