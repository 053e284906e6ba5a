"""ngocoord: the NGO coordination register of a district or upazila office."""

__version__ = "0.1.0"
