"""The HTTP and Socket.IO edge: pages (views), socket handlers, guards, the security edge, addresses."""
