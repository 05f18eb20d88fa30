"""The facilitator's passcode and sign-ins."""
