"""Reports: the A10.6 yearly disclosure of each 机关 and 事业单位, and payment practices per buyer."""
