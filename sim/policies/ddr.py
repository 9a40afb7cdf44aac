"""(policy under construction)"""
