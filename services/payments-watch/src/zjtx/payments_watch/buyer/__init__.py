"""Buyers: 机关, 事业单位, state-owned and other large enterprises that buy from SMEs (A10), with the
risk level last computed for them (A10.5)."""
