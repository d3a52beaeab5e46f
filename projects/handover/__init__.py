"""Hand-over requests (移交申请) for projects another agent or centre is responsible for."""
